
;; Function pool_alloc (pool_alloc, funcdef_no=23, decl_uid=3479, cgraph_uid=24, symbol_order=25)

__attribute__((noinline, malloc))
void * pool_alloc (size_t size)
{
  void * _4;

  <bb 2> [local count: 1073741824]:
  _4 = malloc (size_2(D));
  return _4;

}



;; Function pool_free (pool_free, funcdef_no=24, decl_uid=3481, cgraph_uid=25, symbol_order=26)

__attribute__((*dealloc (pool_alloc2), noinline))
void pool_free (void * p)
{
  <bb 2> [local count: 1073741824]:
  free (p_2(D));
  return;

}



;; Function pool_alloc2 (pool_alloc2, funcdef_no=25, decl_uid=3483, cgraph_uid=26, symbol_order=27)

__attribute__((malloc (pool_free), noinline))
void * pool_alloc2 (size_t size)
{
  void * _4;

  <bb 2> [local count: 1073741824]:
  _4 = calloc (1, size_2(D));
  return _4;

}



;; Function main (main, funcdef_no=37, decl_uid=3563, cgraph_uid=38, symbol_order=39) (executed once)

int main ()
{
  char * buf;
  char * s;
  size_t n;
  int r;
  int r;
  char * c;
  char * d;
  void * f;
  void * g;
  void * h;
  int * i;
  void * j;
  void * k;
  int r;
  char * inner;
  int r;
  void * p;
  int r;
  int sum;
  int _3;
  int _5;
  int _7;
  int _9;
  int _10;
  int _12;
  int _14;
  int _15;
  int _17;
  int _32;
  void * _35;
  char * _37;
  long unsigned int _38;
  long unsigned int huge.4_40;
  _Bool _42;
  int _43;
  char _45;
  char _55;
  int _56;
  long unsigned int _57;
  int _58;
  void * iftmp.1_61;
  _Bool _63;
  void * iftmp.1_66;
  _Bool _69;

  <bb 2> [local count: 1073741824]:
  buf_74 = malloc (4);
  buf_76 = realloc (buf_74, 10);
  free (buf_76);
  s_72 = strdup ("hello");
  n_73 = strlen (s_72);
  free (s_72);
  _3 = (int) n_73;
  _5 = _3 + 42;
  iftmp.1_66 = malloc (3);
  _69 = iftmp.1_66 != 0B;
  r_70 = (int) _69;
  free (iftmp.1_66);
  _7 = _5 + r_70;
  iftmp.1_61 = calloc (5, 1);
  _63 = iftmp.1_61 != 0B;
  r_64 = (int) _63;
  free (iftmp.1_61);
  _9 = _7 + r_64;
  _10 = _9 + 1;
  c_47 = calloc (2, 8);
  d_48 = strndup ("memscope", 3);
  f_49 = memalign (32, 64);
  g_50 = valloc (10);
  h_51 = pvalloc (10);
  i_52 = reallocarray (0B, 4, 4);
  j_53 = pool_alloc (12);
  k_54 = pool_alloc2 (14);
  _55 = MEM[(char *)c_47 + 15B];
  _56 = (int) _55;
  _57 = strlen (d_48);
  _58 = (int) _57;
  r_59 = _56 + _58;
  free (c_47);
  free (d_48);
  free (f_49);
  free (g_50);
  free (h_51);
  free (i_52);
  free (j_53);
  pool_free (k_54);
  _12 = _10 + r_59;
  inner_44 = strdup ("ab");
  _45 = MEM[(char *)inner_44 + 1B];
  free (inner_44);
  r_46 = (int) _45;
  _14 = _12 + r_46;
  __builtin_dwarf_cfa (0);
  _15 = _14 + 9;
  huge.4_40 ={v} huge;
  p_41 = calloc (huge.4_40, 2);
  _42 = p_41 == 0B;
  _43 = (int) _42;
  _17 = _15 + _43;
  _35 = malloc (2);
  global = _35;
  _37 = strdup ("kept");
  _38 = strlen (_37);
  r_39 = (int) _38;
  free (_35);
  free (_37);
  sum_29 = _17 + r_39;
  printf ("%d\n", sum_29);
  _32 = sum_29 % 7;
  return _32;

}


