build-vg/obj/xw_template.o: src/xw_template.c include/bitacora/refdata.h \
 include/bitacora/util.h include/bitacora/template.h \
 include/bitacora/text.h include/bitacora/xlsxwrite.h \
 include/bitacora/model.h include/bitacora/finding.h \
 include/bitacora/rows.h include/bitacora/value.h src/xw.h
include/bitacora/refdata.h:
include/bitacora/util.h:
include/bitacora/template.h:
include/bitacora/text.h:
include/bitacora/xlsxwrite.h:
include/bitacora/model.h:
include/bitacora/finding.h:
include/bitacora/rows.h:
include/bitacora/value.h:
src/xw.h:
