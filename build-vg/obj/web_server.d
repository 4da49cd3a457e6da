build-vg/obj/web_server.o: src/web_server.c include/bitacora/output.h \
 include/bitacora/batch.h include/bitacora/load.h \
 include/bitacora/csvread.h include/bitacora/decode.h \
 include/bitacora/util.h include/bitacora/finding.h \
 include/bitacora/rows.h include/bitacora/model.h \
 include/bitacora/template.h include/bitacora/value.h src/web.h
include/bitacora/output.h:
include/bitacora/batch.h:
include/bitacora/load.h:
include/bitacora/csvread.h:
include/bitacora/decode.h:
include/bitacora/util.h:
include/bitacora/finding.h:
include/bitacora/rows.h:
include/bitacora/model.h:
include/bitacora/template.h:
include/bitacora/value.h:
src/web.h:
