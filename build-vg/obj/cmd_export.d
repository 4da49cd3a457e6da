build-vg/obj/cmd_export.o: src/cmd_export.c include/bitacora/csvwrite.h \
 include/bitacora/model.h include/bitacora/finding.h \
 include/bitacora/util.h include/bitacora/rows.h \
 include/bitacora/template.h include/bitacora/value.h \
 include/bitacora/load.h include/bitacora/csvread.h \
 include/bitacora/decode.h include/bitacora/output.h \
 include/bitacora/batch.h src/cmd.h
include/bitacora/csvwrite.h:
include/bitacora/model.h:
include/bitacora/finding.h:
include/bitacora/util.h:
include/bitacora/rows.h:
include/bitacora/template.h:
include/bitacora/value.h:
include/bitacora/load.h:
include/bitacora/csvread.h:
include/bitacora/decode.h:
include/bitacora/output.h:
include/bitacora/batch.h:
src/cmd.h:
