build-vg/obj/cmd_template.o: src/cmd_template.c \
 include/bitacora/csvwrite.h include/bitacora/model.h \
 include/bitacora/finding.h include/bitacora/util.h \
 include/bitacora/rows.h include/bitacora/template.h \
 include/bitacora/value.h include/bitacora/output.h \
 include/bitacora/batch.h include/bitacora/load.h \
 include/bitacora/csvread.h include/bitacora/decode.h \
 include/bitacora/xlsxwrite.h src/cmd.h
include/bitacora/csvwrite.h:
include/bitacora/model.h:
include/bitacora/finding.h:
include/bitacora/util.h:
include/bitacora/rows.h:
include/bitacora/template.h:
include/bitacora/value.h:
include/bitacora/output.h:
include/bitacora/batch.h:
include/bitacora/load.h:
include/bitacora/csvread.h:
include/bitacora/decode.h:
include/bitacora/xlsxwrite.h:
src/cmd.h:
