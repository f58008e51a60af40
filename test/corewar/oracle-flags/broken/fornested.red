;name ForNested
i for 3
j for 2
 dat i, j
 rof
 rof
 end
