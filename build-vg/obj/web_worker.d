build-vg/obj/web_worker.o: src/web_worker.c include/bitacora/batch.h \
 include/bitacora/load.h include/bitacora/csvread.h \
 include/bitacora/decode.h include/bitacora/util.h \
 include/bitacora/finding.h include/bitacora/rows.h \
 include/bitacora/model.h include/bitacora/template.h \
 include/bitacora/value.h include/bitacora/output.h \
 include/bitacora/zipfile.h src/cmd.h src/web.h
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
include/bitacora/output.h:
include/bitacora/zipfile.h:
src/cmd.h:
src/web.h:
