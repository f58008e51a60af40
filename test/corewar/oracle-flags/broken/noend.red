;name NoEnd
mov 0, 1
