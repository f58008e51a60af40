;name ForVar
i for 3
 dat i, 0
 rof
 end
