;name ForNeg
 for -3
 dat 1, 1
 rof
 mov 0, 1
 end
