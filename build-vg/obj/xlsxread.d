build-vg/obj/xlsxread.o: src/xlsxread.c include/bitacora/xlsxread.h \
 include/bitacora/finding.h include/bitacora/util.h \
 include/bitacora/rows.h include/bitacora/zipfile.h \
 /usr/include/minizip/unzip.h /usr/include/minizip/ioapi.h \
 include/bitacora/template.h include/bitacora/text.h
include/bitacora/xlsxread.h:
include/bitacora/finding.h:
include/bitacora/util.h:
include/bitacora/rows.h:
include/bitacora/zipfile.h:
/usr/include/minizip/unzip.h:
/usr/include/minizip/ioapi.h:
include/bitacora/template.h:
include/bitacora/text.h:
