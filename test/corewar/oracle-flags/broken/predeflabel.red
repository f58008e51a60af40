;name Predef
CORESIZE mov 0, 1
 end
