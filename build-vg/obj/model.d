build-vg/obj/model.o: src/model.c include/bitacora/model.h \
 include/bitacora/finding.h include/bitacora/util.h \
 include/bitacora/rows.h include/bitacora/template.h \
 include/bitacora/value.h
include/bitacora/model.h:
include/bitacora/finding.h:
include/bitacora/util.h:
include/bitacora/rows.h:
include/bitacora/template.h:
include/bitacora/value.h:
