int lib_value (int n) { int a[2] = { n, n }; return a[0] + a[1]; }
