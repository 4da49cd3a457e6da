build-vg/obj/output.o: src/output.c include/bitacora/output.h \
 include/bitacora/batch.h include/bitacora/load.h \
 include/bitacora/csvread.h include/bitacora/decode.h \
 include/bitacora/util.h include/bitacora/finding.h \
 include/bitacora/rows.h include/bitacora/model.h \
 include/bitacora/template.h include/bitacora/value.h \
 include/bitacora/csvwrite.h include/bitacora/refdata.h \
 include/bitacora/text.h include/bitacora/tidy.h \
 include/bitacora/xlsxwrite.h
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
include/bitacora/csvwrite.h:
include/bitacora/refdata.h:
include/bitacora/text.h:
include/bitacora/tidy.h:
include/bitacora/xlsxwrite.h:
