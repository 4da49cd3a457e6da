build-vg/obj/web_result.o: src/web_result.c include/bitacora/finding.h \
 include/bitacora/util.h include/bitacora/refdata.h \
 include/bitacora/zipfile.h src/web.h include/bitacora/batch.h \
 include/bitacora/load.h include/bitacora/csvread.h \
 include/bitacora/decode.h include/bitacora/rows.h \
 include/bitacora/model.h include/bitacora/template.h \
 include/bitacora/value.h
include/bitacora/finding.h:
include/bitacora/util.h:
include/bitacora/refdata.h:
include/bitacora/zipfile.h:
src/web.h:
include/bitacora/batch.h:
include/bitacora/load.h:
include/bitacora/csvread.h:
include/bitacora/decode.h:
include/bitacora/rows.h:
include/bitacora/model.h:
include/bitacora/template.h:
include/bitacora/value.h:
