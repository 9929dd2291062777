
;; Function pool_alloc (pool_alloc, funcdef_no=23, decl_uid=2927, cgraph_uid=24, symbol_order=25)

__attribute__((noinline, malloc))
void * pool_alloc (size_t size)
{
  void * D.3017;

  D.3017 = malloc (size);
  goto <D.3018>;
  <D.3018>:
  return D.3017;
}



;; Function pool_free (pool_free, funcdef_no=24, decl_uid=2929, cgraph_uid=25, symbol_order=26)

__attribute__((*dealloc (pool_alloc2), noinline))
void pool_free (void * p)
{
  free (p);
  return;
}



;; Function pool_alloc2 (pool_alloc2, funcdef_no=25, decl_uid=2931, cgraph_uid=26, symbol_order=27)

__attribute__((malloc (pool_free), noinline))
void * pool_alloc2 (size_t size)
{
  void * D.3019;

  D.3019 = calloc (1, size);
  goto <D.3020>;
  <D.3020>:
  return D.3019;
}



;; Function main (main, funcdef_no=37, decl_uid=3011, cgraph_uid=38, symbol_order=39)

int main ()
{
  int sum;
  struct node * spare;
  struct node * n;
  int D.3021;

  n = make_node (41);
  _1 = grow (10);
  _2 = param_dup ("hello");
  _3 = (int) _2;
  _4 = _1 + _3;
  _5 = n->value;
  _6 = _4 + _5;
  _7 = choose (1);
  _8 = _6 + _7;
  _9 = choose (0);
  _10 = _8 + _9;
  _11 = chain ();
  _12 = _10 + _11;
  _13 = all_allocators ();
  _14 = _12 + _13;
  _15 = blocks (4);
  _16 = _14 + _15;
  _17 = captured (2);
  _18 = _16 + _17;
  _19 = overflow ();
  _20 = _18 + _19;
  _21 = not_tied (&spare);
  sum = _20 + _21;
  spare.0_22 = spare;
  free (spare.0_22);
  free (n);
  printf ("%d\n", sum);
  D.3021 = sum % 7;
  goto <D.3023>;
  <D.3023>:
  spare = {CLOBBER(eol)};
  goto <D.3022>;
  D.3021 = 0;
  goto <D.3022>;
  <D.3022>:
  return D.3021;
}



;; Function make_node (make_node, funcdef_no=28, decl_uid=2953, cgraph_uid=29, symbol_order=30)

struct node * make_node (int value)
{
  struct node * q;
  struct node * D.3024;

  q = malloc (16);
  q->next = 0B;
  q->value = value;
  D.3024 = q;
  goto <D.3025>;
  <D.3025>:
  return D.3024;
}



;; Function grow (grow, funcdef_no=26, decl_uid=2944, cgraph_uid=27, symbol_order=28)

int grow (int n)
{
  int r;
  char * buf;
  int D.3026;

  buf = malloc (4);
  _1 = (long unsigned int) n;
  buf = realloc (buf, _1);
  _2 = (long unsigned int) n;
  memset (buf, 120, _2);
  _3 = (sizetype) n;
  _4 = _3 + 18446744073709551615;
  _5 = buf + _4;
  _6 = *_5;
  _7 = _6 == 120;
  r = (int) _7;
  free (buf);
  D.3026 = r;
  goto <D.3027>;
  <D.3027>:
  return D.3026;
}



;; Function param_dup (param_dup, funcdef_no=27, decl_uid=2949, cgraph_uid=28, symbol_order=29)

size_t param_dup (char * s)
{
  size_t n;
  size_t D.3028;

  s = strdup (s);
  n = strlen (s);
  free (s);
  D.3028 = n;
  goto <D.3029>;
  <D.3029>:
  return D.3028;
}



;; Function choose (choose, funcdef_no=29, decl_uid=2957, cgraph_uid=30, symbol_order=31)

int choose (int c)
{
  int r;
  char * p;
  int D.3034;
  void * iftmp.1;

  if (c != 0) goto <D.3031>; else goto <D.3032>;
  <D.3031>:
  iftmp.1 = malloc (3);
  goto <D.3033>;
  <D.3032>:
  iftmp.1 = calloc (5, 1);
  <D.3033>:
  p = iftmp.1;
  _1 = p != 0B;
  r = (int) _1;
  free (p);
  D.3034 = r;
  goto <D.3035>;
  <D.3035>:
  return D.3034;
}



;; Function chain (chain, funcdef_no=30, decl_uid=2962, cgraph_uid=31, symbol_order=32)

int chain ()
{
  int r;
  char * q;
  char * p;
  int D.3036;

  q = malloc (7);
  p = q;
  _1 = p == q;
  r = (int) _1;
  free (p);
  D.3036 = r;
  goto <D.3037>;
  <D.3037>:
  return D.3036;
}



;; Function all_allocators (all_allocators, funcdef_no=31, decl_uid=2968, cgraph_uid=32, symbol_order=33)

int all_allocators ()
{
  int r;
  void * k;
  void * j;
  int * i;
  void * h;
  void * g;
  void * f;
  void * e;
  char * d;
  char * c;
  int D.3038;

  c = calloc (2, 8);
  d = strndup ("memscope", 3);
  e = aligned_alloc (16, 32);
  f = memalign (32, 64);
  g = valloc (10);
  h = pvalloc (10);
  i = reallocarray (0B, 4, 4);
  j = pool_alloc (12);
  k = pool_alloc2 (14);
  _1 = c + 15;
  _2 = *_1;
  _3 = (int) _2;
  _4 = strlen (d);
  _5 = (int) _4;
  r = _3 + _5;
  free (c);
  free (d);
  free (e);
  free (f);
  free (g);
  free (h);
  free (i);
  free (j);
  pool_free (k);
  D.3038 = r;
  goto <D.3039>;
  <D.3039>:
  return D.3038;
}



;; Function blocks (blocks, funcdef_no=32, decl_uid=2981, cgraph_uid=33, symbol_order=34)

int blocks (int n)
{
  char * inner;
  int k[4];
  int r;
  char * p;
  int D.3040;

  memset (&k, 0, 16);
  k[0] = n;
  _1 = k[0];
  _2 = (long unsigned int) _1;
  p = malloc (_2);
  inner = strdup ("ab");
  _3 = MEM[(char *)inner + 1B];
  *p = _3;
  free (inner);
  k = {CLOBBER(eol)};
  _4 = *p;
  r = (int) _4;
  free (p);
  D.3040 = r;
  goto <D.3041>;
  <D.3041>:
  return D.3040;
}



;; Function captured (captured, funcdef_no=33, decl_uid=2988, cgraph_uid=35, symbol_order=36)

int captured (int n)
{
  struct FRAME.captured FRAME.2;
  int r;
  char * p [value-expr: FRAME.2.p];
  int D.3042;
  void * D.3052;
  char * D.3050;
  char * D.3049;
  char * D.3048;

  D.3052 = __builtin_dwarf_cfa (0);
  FRAME.2.FRAME_BASE.PARENT = D.3052;
  _1 = (long unsigned int) n;
  D.3048 = malloc (_1);
  FRAME.2.p = D.3048;
  D.3049 = FRAME.2.p;
  *D.3049 = 9;
  r = peek (); [static-chain: &FRAME.2]
  D.3050 = FRAME.2.p;
  free (D.3050);
  D.3042 = r;
  goto <D.3053>;
  <D.3053>:
  return D.3042;
}



;; Function peek (peek.0, funcdef_no=34, decl_uid=2992, cgraph_uid=34, symbol_order=35)

int peek ()
{
  int D.3043;
  char * D.3047;

  D.3047 = CHAIN.3->p;
  _1 = *D.3047;
  D.3043 = (int) _1;
  goto <D.3054>;
  <D.3054>:
  return D.3043;
}



;; Function overflow (overflow, funcdef_no=35, decl_uid=2996, cgraph_uid=36, symbol_order=37)

int overflow ()
{
  void * p;
  int D.3055;

  huge.4_1 = huge;
  p = calloc (huge.4_1, 2);
  _2 = p == 0B;
  D.3055 = (int) _2;
  goto <D.3056>;
  <D.3056>:
  return D.3055;
}



;; Function not_tied (not_tied, funcdef_no=36, decl_uid=3000, cgraph_uid=37, symbol_order=38)

int not_tied (struct node * * out)
{
  int r;
  char * indirect;
  char * off;
  long int x;
  void * (*<T680>) (size_t) fn;
  struct holder h;
  static char * kept;
  int D.3057;

  fn = malloc;
  _1 = malloc (1);
  x = (long int) _1;
  _2 = malloc (8);
  off = _2 + 1;
  indirect = fn (2);
  _3 = malloc (1);
  h.p = _3;
  _4 = malloc (2);
  global = _4;
  _5 = malloc (16);
  *out = _5;
  _6 = strdup ("kept");
  kept = _6;
  kept.5_7 = kept;
  _8 = strlen (kept.5_7);
  r = (int) _8;
  x.6_9 = (void *) x;
  free (x.6_9);
  _10 = off + 18446744073709551615;
  free (_10);
  free (indirect);
  _11 = h.p;
  free (_11);
  global.7_12 = global;
  free (global.7_12);
  kept.8_13 = kept;
  free (kept.8_13);
  D.3057 = r;
  goto <D.3059>;
  <D.3059>:
  h = {CLOBBER(eol)};
  goto <D.3058>;
  <D.3058>:
  return D.3057;
}


