
;; Function pool_alloc (pool_alloc, funcdef_no=23, decl_uid=3479, cgraph_uid=24, symbol_order=25)

__attribute__((noinline, malloc))
void * pool_alloc (size_t size)
{
  void * _4;

  <bb 2> [local count: 1073741824]:
  # DEBUG BEGIN_STMT
  _4 = malloc (size_2(D));
  return _4;

}



;; Function pool_free (pool_free, funcdef_no=24, decl_uid=3481, cgraph_uid=25, symbol_order=26)

__attribute__((*dealloc (pool_alloc2), noinline))
void pool_free (void * p)
{
  <bb 2> [local count: 1073741824]:
  # DEBUG BEGIN_STMT
  free (p_2(D));
  return;

}



;; Function pool_alloc2 (pool_alloc2, funcdef_no=25, decl_uid=3483, cgraph_uid=26, symbol_order=27)

__attribute__((malloc (pool_free), noinline))
void * pool_alloc2 (size_t size)
{
  void * _4;

  <bb 2> [local count: 1073741824]:
  # DEBUG BEGIN_STMT
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
  char * c;
  char * d;
  void * f;
  void * g;
  void * h;
  int * i;
  void * j;
  void * k;
  int r;
  int r;
  int r;
  int r;
  char * inner;
  void * p;
  int sum;
  int _3;
  int _5;
  int _6;
  int _8;
  int _9;
  int _11;
  int _12;
  int _13;
  int _14;
  long unsigned int huge.4_23;
  int _28;
  _Bool _30;
  int _31;
  char _33;
  void * iftmp.1_35;
  _Bool _36;
  void * _44;
  char * _46;
  long unsigned int _47;
  char _57;
  int _58;
  long unsigned int _59;
  int _60;
  void * iftmp.1_63;
  _Bool _65;

  <bb 2> [local count: 1073741824]:
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG D#3 => 10
  # DEBUG INLINE_ENTRY grow
  # DEBUG n => 10
  # DEBUG BEGIN_STMT
  buf_70 = malloc (4);
  # DEBUG buf => buf_70
  # DEBUG BEGIN_STMT
  buf_72 = realloc (buf_70, 10);
  # DEBUG buf => buf_72
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG r => 1
  # DEBUG BEGIN_STMT
  free (buf_72);
  # DEBUG BEGIN_STMT
  # DEBUG buf => NULL
  # DEBUG r => NULL
  # DEBUG n => NULL
  # DEBUG D#2 => "hello"
  # DEBUG INLINE_ENTRY param_dup
  # DEBUG s => "hello"
  # DEBUG BEGIN_STMT
  s_68 = strdup ("hello");
  # DEBUG s => s_68
  # DEBUG BEGIN_STMT
  n_69 = strlen (s_68);
  # DEBUG n => n_69
  # DEBUG BEGIN_STMT
  free (s_68);
  # DEBUG BEGIN_STMT
  # DEBUG n => NULL
  # DEBUG s => NULL
  _3 = (int) n_69;
  _5 = _3 + 42;
  # DEBUG c => 1
  # DEBUG INLINE_ENTRY choose
  # DEBUG BEGIN_STMT
  iftmp.1_35 = malloc (3);
  # DEBUG p => iftmp.1_35
  # DEBUG BEGIN_STMT
  _36 = iftmp.1_35 != 0B;
  r_37 = (int) _36;
  # DEBUG r => r_37
  # DEBUG BEGIN_STMT
  free (iftmp.1_35);
  # DEBUG BEGIN_STMT
  # DEBUG c => NULL
  # DEBUG r => NULL
  _6 = _5 + r_37;
  # DEBUG D#1 => 0
  # DEBUG INLINE_ENTRY choose
  # DEBUG c => 0
  # DEBUG BEGIN_STMT
  iftmp.1_63 = calloc (5, 1);
  # DEBUG p => iftmp.1_63
  # DEBUG BEGIN_STMT
  _65 = iftmp.1_63 != 0B;
  r_66 = (int) _65;
  # DEBUG r => r_66
  # DEBUG BEGIN_STMT
  free (iftmp.1_63);
  # DEBUG BEGIN_STMT
  # DEBUG r => NULL
  # DEBUG c => NULL
  _8 = _6 + r_66;
  # DEBUG r => 1
  _9 = _8 + 1;
  # DEBUG INLINE_ENTRY all_allocators
  # DEBUG BEGIN_STMT
  c_49 = calloc (2, 8);
  # DEBUG c => c_49
  # DEBUG BEGIN_STMT
  d_50 = strndup ("memscope", 3);
  # DEBUG d => d_50
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  f_51 = memalign (32, 64);
  # DEBUG f => f_51
  # DEBUG BEGIN_STMT
  g_52 = valloc (10);
  # DEBUG g => g_52
  # DEBUG BEGIN_STMT
  h_53 = pvalloc (10);
  # DEBUG h => h_53
  # DEBUG BEGIN_STMT
  i_54 = reallocarray (0B, 4, 4);
  # DEBUG i => i_54
  # DEBUG BEGIN_STMT
  j_55 = pool_alloc (12);
  # DEBUG j => j_55
  # DEBUG BEGIN_STMT
  k_56 = pool_alloc2 (14);
  # DEBUG k => k_56
  # DEBUG BEGIN_STMT
  _57 = MEM[(char *)c_49 + 15B];
  _58 = (int) _57;
  _59 = strlen (d_50);
  _60 = (int) _59;
  r_61 = _58 + _60;
  # DEBUG r => r_61
  # DEBUG BEGIN_STMT
  free (c_49);
  # DEBUG BEGIN_STMT
  free (d_50);
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  free (f_51);
  # DEBUG BEGIN_STMT
  free (g_52);
  # DEBUG BEGIN_STMT
  free (h_53);
  # DEBUG BEGIN_STMT
  free (i_54);
  # DEBUG BEGIN_STMT
  free (j_55);
  # DEBUG BEGIN_STMT
  pool_free (k_56);
  # DEBUG BEGIN_STMT
  # DEBUG r => NULL
  # DEBUG k => NULL
  # DEBUG j => NULL
  # DEBUG i => NULL
  # DEBUG h => NULL
  # DEBUG g => NULL
  # DEBUG f => NULL
  # DEBUG d => NULL
  # DEBUG c => NULL
  _11 = _9 + r_61;
  # DEBUG n => 4
  # DEBUG INLINE_ENTRY blocks
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  inner_32 = strdup ("ab");
  # DEBUG inner => inner_32
  # DEBUG BEGIN_STMT
  _33 = MEM[(char *)inner_32 + 1B];
  # DEBUG BEGIN_STMT
  free (inner_32);
  # DEBUG BEGIN_STMT
  r_34 = (int) _33;
  # DEBUG r => r_34
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG n => NULL
  # DEBUG inner => NULL
  # DEBUG r => NULL
  _12 = _11 + r_34;
  # DEBUG n => 2
  # DEBUG INLINE_ENTRY captured
  __builtin_dwarf_cfa (0);
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG r => 9
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG n => NULL
  _13 = _12 + 9;
  # DEBUG INLINE_ENTRY overflow
  # DEBUG BEGIN_STMT
  huge.4_23 ={v} huge;
  p_21 = calloc (huge.4_23, 2);
  # DEBUG p => p_21
  # DEBUG BEGIN_STMT
  _30 = p_21 == 0B;
  _31 = (int) _30;
  # DEBUG p => NULL
  _14 = _13 + _31;
  # DEBUG out => &spare
  # DEBUG INLINE_ENTRY not_tied
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG fn => malloc
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  _44 = malloc (2);
  global = _44;
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  _46 = strdup ("kept");
  # DEBUG BEGIN_STMT
  _47 = strlen (_46);
  r_48 = (int) _47;
  # DEBUG r => r_48
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  free (_44);
  # DEBUG BEGIN_STMT
  free (_46);
  # DEBUG BEGIN_STMT
  # DEBUG out => NULL
  # DEBUG r => NULL
  sum_25 = _14 + r_48;
  # DEBUG sum => sum_25
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  printf ("%d\n", sum_25);
  # DEBUG BEGIN_STMT
  _28 = sum_25 % 7;
  return _28;

}


