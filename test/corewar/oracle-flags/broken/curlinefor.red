;name CurLine
 for 3
 dat CURLINE, 0
 rof
 end
