build-bugs/obj/xw.o: src/xw.c src/xw.h include/bitacora/model.h \
 include/bitacora/finding.h include/bitacora/util.h \
 include/bitacora/rows.h include/bitacora/template.h \
 include/bitacora/value.h include/bitacora/check.h \
 include/bitacora/text.h include/bitacora/xlsxread.h
src/xw.h:
include/bitacora/model.h:
include/bitacora/finding.h:
include/bitacora/util.h:
include/bitacora/rows.h:
include/bitacora/template.h:
include/bitacora/value.h:
include/bitacora/check.h:
include/bitacora/text.h:
include/bitacora/xlsxread.h:
