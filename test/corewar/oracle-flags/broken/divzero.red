;name DivZero
 dat 1/0, 0
 end
