build-vg/obj/xw_region.o: src/xw_region.c include/bitacora/batch.h \
 include/bitacora/load.h include/bitacora/csvread.h \
 include/bitacora/decode.h include/bitacora/util.h \
 include/bitacora/finding.h include/bitacora/rows.h \
 include/bitacora/model.h include/bitacora/template.h \
 include/bitacora/value.h include/bitacora/refdata.h \
 include/bitacora/text.h include/bitacora/xlsxwrite.h src/xw.h
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
include/bitacora/refdata.h:
include/bitacora/text.h:
include/bitacora/xlsxwrite.h:
src/xw.h:
