;name Unbal
 dat (1+2, 0
 end
