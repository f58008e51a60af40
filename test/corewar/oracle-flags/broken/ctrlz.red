;name CtrlZ
 mov 0, 1
 end
