build-vg/obj/web_upload.o: src/web_upload.c include/bitacora/text.h \
 include/bitacora/util.h include/bitacora/value.h src/web.h \
 include/bitacora/batch.h include/bitacora/load.h \
 include/bitacora/csvread.h include/bitacora/decode.h \
 include/bitacora/finding.h include/bitacora/rows.h \
 include/bitacora/model.h include/bitacora/template.h
include/bitacora/text.h:
include/bitacora/util.h:
include/bitacora/value.h:
src/web.h:
include/bitacora/batch.h:
include/bitacora/load.h:
include/bitacora/csvread.h:
include/bitacora/decode.h:
include/bitacora/finding.h:
include/bitacora/rows.h:
include/bitacora/model.h:
include/bitacora/template.h:
