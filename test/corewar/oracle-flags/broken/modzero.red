;name ModZero
 dat 1%0, 0
 end
