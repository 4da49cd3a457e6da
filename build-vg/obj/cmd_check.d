build-vg/obj/cmd_check.o: src/cmd_check.c include/bitacora/batch.h \
 include/bitacora/load.h include/bitacora/csvread.h \
 include/bitacora/decode.h include/bitacora/util.h \
 include/bitacora/finding.h include/bitacora/rows.h \
 include/bitacora/model.h include/bitacora/template.h \
 include/bitacora/value.h src/cmd.h
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
src/cmd.h:
