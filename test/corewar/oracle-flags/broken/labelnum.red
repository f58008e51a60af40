;name LabelNum
1abc mov 0, 1
 end
