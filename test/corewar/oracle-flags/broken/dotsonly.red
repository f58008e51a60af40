;name Dots
 mov. 0, 1
 end
