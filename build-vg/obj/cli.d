build-vg/obj/cli.o: src/cli.c include/bitacora/value.h \
 include/bitacora/util.h src/cmd.h include/bitacora/batch.h \
 include/bitacora/load.h include/bitacora/csvread.h \
 include/bitacora/decode.h include/bitacora/finding.h \
 include/bitacora/rows.h include/bitacora/model.h \
 include/bitacora/template.h
include/bitacora/value.h:
include/bitacora/util.h:
src/cmd.h:
include/bitacora/batch.h:
include/bitacora/load.h:
include/bitacora/csvread.h:
include/bitacora/decode.h:
include/bitacora/finding.h:
include/bitacora/rows.h:
include/bitacora/model.h:
include/bitacora/template.h:
