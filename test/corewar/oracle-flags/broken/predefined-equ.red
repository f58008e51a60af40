;assert 1
CORESIZE equ 8000
 mov 0, 1
