;name Cafי ÿ
 mov 0, 1 ; יט
 end
