build-vg/obj/web_jobs.o: src/web_jobs.c src/web.h \
 include/bitacora/batch.h include/bitacora/load.h \
 include/bitacora/csvread.h include/bitacora/decode.h \
 include/bitacora/util.h include/bitacora/finding.h \
 include/bitacora/rows.h include/bitacora/model.h \
 include/bitacora/template.h include/bitacora/value.h
src/web.h:
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
