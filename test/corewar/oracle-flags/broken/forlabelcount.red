;name ForLbl
c for 0
 rof
 dat c, 0
 end
