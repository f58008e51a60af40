;name HugeFor
 for 99999999999
 dat 0,0
 rof
 end
