build-vg/obj/normalize.o: src/normalize.c include/bitacora/check.h \
 include/bitacora/model.h include/bitacora/finding.h \
 include/bitacora/util.h include/bitacora/rows.h \
 include/bitacora/template.h include/bitacora/value.h \
 include/bitacora/refdata.h include/bitacora/text.h
include/bitacora/check.h:
include/bitacora/model.h:
include/bitacora/finding.h:
include/bitacora/util.h:
include/bitacora/rows.h:
include/bitacora/template.h:
include/bitacora/value.h:
include/bitacora/refdata.h:
include/bitacora/text.h:
