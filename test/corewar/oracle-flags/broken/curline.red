;assert 1
 mov 0, 1
CURLINE dat 0, 0
