;name ForBig
 for 200
 dat 1, 1
 rof
 end
