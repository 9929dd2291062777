
;; Function pool_alloc (pool_alloc, funcdef_no=23, decl_uid=2927, cgraph_uid=24, symbol_order=25)

__attribute__((noinline, malloc))
void * pool_alloc (size_t size)
{
  void * _4;

  <bb 2> [local count: 1073741824]:
  _4 = malloc (size_2(D));
  return _4;

}



;; Function pool_free (pool_free, funcdef_no=24, decl_uid=2929, cgraph_uid=25, symbol_order=26)

__attribute__((*dealloc (pool_alloc2), noinline))
void pool_free (void * p)
{
  <bb 2> [local count: 1073741824]:
  free (p_2(D));
  return;

}



;; Function pool_alloc2 (pool_alloc2, funcdef_no=25, decl_uid=2931, cgraph_uid=26, symbol_order=27)

__attribute__((malloc (pool_free), noinline))
void * pool_alloc2 (size_t size)
{
  void * _4;

  <bb 2> [local count: 1073741824]:
  _4 = calloc (1, size_2(D));
  return _4;

}



;; Function main (main, funcdef_no=37, decl_uid=3011, cgraph_uid=38, symbol_order=39) (executed once)

int main ()
{
  int r;
  char * buf;
  char * s;
  size_t n;
  int r;
  int r;
  char * q;
  char * c;
  char * d;
  void * e;
  void * f;
  void * g;
  void * h;
  int * i;
  void * j;
  void * k;
  int r;
  char * inner;
  int k[4];
  int r;
  char * p;
  void * p;
  char * indirect;
  int r;
  static char * kept;
  struct node * q;
  int sum;
  int _3;
  int _4;
  int _5;
  int _6;
  int _8;
  int _10;
  int _12;
  int _14;
  int _16;
  int _18;
  int _20;
  int _38;
  void * _44;
  void * _45;
  void * _47;
  void * _48;
  void * _49;
  char * _50;
  long unsigned int _51;
  char * global.7_53;
  long unsigned int huge.4_55;
  _Bool _57;
  int _58;
  char * _60;
  char _64;
  char _65;
  char _76;
  int _77;
  long unsigned int _78;
  int _79;
  void * iftmp.1_83;
  _Bool _85;
  void * iftmp.1_88;
  _Bool _91;
  char _101;
  _Bool _102;

  <bb 2> [local count: 1073741824]:
  q_40 = malloc (16);
  q_40->next = 0B;
  q_40->value = 41;
  buf_96 = malloc (4);
  buf_98 = realloc (buf_96, 10);
  memset (buf_98, 120, 10);
  _101 = MEM[(char *)buf_98 + 9B];
  _102 = _101 == 120;
  r_103 = (int) _102;
  free (buf_98);
  s_94 = strdup ("hello");
  n_95 = strlen (s_94);
  free (s_94);
  _3 = (int) n_95;
  _4 = _3 + r_103;
  _5 = q_40->value;
  _6 = _4 + _5;
  iftmp.1_88 = malloc (3);
  _91 = iftmp.1_88 != 0B;
  r_92 = (int) _91;
  free (iftmp.1_88);
  _8 = _6 + r_92;
  iftmp.1_83 = calloc (5, 1);
  _85 = iftmp.1_83 != 0B;
  r_86 = (int) _85;
  free (iftmp.1_83);
  _10 = _8 + r_86;
  q_81 = malloc (7);
  free (q_81);
  _12 = _10 + 1;
  c_67 = calloc (2, 8);
  d_68 = strndup ("memscope", 3);
  e_69 = aligned_alloc (16, 32);
  f_70 = memalign (32, 64);
  g_71 = valloc (10);
  h_72 = pvalloc (10);
  i_73 = reallocarray (0B, 4, 4);
  j_74 = pool_alloc (12);
  k_75 = pool_alloc2 (14);
  _76 = MEM[(char *)c_67 + 15B];
  _77 = (int) _76;
  _78 = strlen (d_68);
  _79 = (int) _78;
  r_80 = _77 + _79;
  free (c_67);
  free (d_68);
  free (e_69);
  free (f_70);
  free (g_71);
  free (h_72);
  free (i_73);
  free (j_74);
  pool_free (k_75);
  _14 = _12 + r_80;
  memset (&k, 0, 16);
  k[0] = 4;
  p_62 = malloc (4);
  inner_63 = strdup ("ab");
  _64 = MEM[(char *)inner_63 + 1B];
  *p_62 = _64;
  free (inner_63);
  k ={v} {CLOBBER(eol)};
  _65 = *p_62;
  r_66 = (int) _65;
  free (p_62);
  _16 = _14 + r_66;
  __builtin_dwarf_cfa (0);
  _60 = malloc (2);
  *_60 = 9;
  free (_60);
  _18 = _16 + 9;
  huge.4_55 ={v} huge;
  p_56 = calloc (huge.4_55, 2);
  _57 = p_56 == 0B;
  _58 = (int) _57;
  _20 = _18 + _58;
  _44 = malloc (1);
  _45 = malloc (8);
  indirect_46 = malloc (2);
  _47 = malloc (1);
  _48 = malloc (2);
  global = _48;
  _49 = malloc (16);
  _50 = strdup ("kept");
  kept = _50;
  _51 = strlen (_50);
  r_52 = (int) _51;
  free (_44);
  free (_45);
  free (indirect_46);
  free (_47);
  global.7_53 = global;
  free (global.7_53);
  free (_50);
  sum_34 = _20 + r_52;
  free (_49);
  free (q_40);
  printf ("%d\n", sum_34);
  _38 = sum_34 % 7;
  return _38;

}


