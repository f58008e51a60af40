;name EndNeg
 mov 0, 1
 end -1
