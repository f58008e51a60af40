;name HugeNeg
 dat #-2147483649, #-1
 add #-99999, 1
 end
