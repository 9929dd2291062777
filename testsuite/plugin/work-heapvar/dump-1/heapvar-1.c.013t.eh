
;; Function pool_alloc (pool_alloc, funcdef_no=6, decl_uid=3411, cgraph_uid=7, symbol_order=8)

__attribute__((noinline, malloc))
void * pool_alloc (size_t size)
{
  void * D.3501;

  D.3501 = malloc (size);
  goto <D.3502>;
  <D.3502>:
  return D.3501;
}



;; Function pool_free (pool_free, funcdef_no=7, decl_uid=3413, cgraph_uid=8, symbol_order=9)

__attribute__((*dealloc (pool_alloc2), noinline))
void pool_free (void * p)
{
  free (p);
  return;
}



;; Function pool_alloc2 (pool_alloc2, funcdef_no=8, decl_uid=3415, cgraph_uid=9, symbol_order=10)

__attribute__((malloc (pool_free), noinline))
void * pool_alloc2 (size_t size)
{
  void * D.3503;

  D.3503 = calloc (1, size);
  goto <D.3504>;
  <D.3504>:
  return D.3503;
}



;; Function grow (grow, funcdef_no=9, decl_uid=3428, cgraph_uid=10, symbol_order=11)

int grow (int n)
{
  int r;
  char * buf;
  int D.3505;

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
  D.3505 = r;
  goto <D.3506>;
  <D.3506>:
  return D.3505;
}



;; Function param_dup (param_dup, funcdef_no=10, decl_uid=3433, cgraph_uid=11, symbol_order=12)

size_t param_dup (char * s)
{
  size_t n;
  size_t D.3507;

  s = strdup (s);
  n = strlen (s);
  free (s);
  D.3507 = n;
  goto <D.3508>;
  <D.3508>:
  return D.3507;
}



;; Function make_node (make_node, funcdef_no=11, decl_uid=3437, cgraph_uid=12, symbol_order=13)

struct node * make_node (int value)
{
  struct node * q;
  struct node * D.3509;

  q = malloc (16);
  q->next = 0B;
  q->value = value;
  D.3509 = q;
  goto <D.3510>;
  <D.3510>:
  return D.3509;
}



;; Function choose (choose, funcdef_no=12, decl_uid=3441, cgraph_uid=13, symbol_order=14)

int choose (int c)
{
  int r;
  char * p;
  int D.3515;
  void * iftmp.0;

  if (c != 0) goto <D.3512>; else goto <D.3513>;
  <D.3512>:
  iftmp.0 = malloc (3);
  goto <D.3514>;
  <D.3513>:
  iftmp.0 = calloc (5, 1);
  <D.3514>:
  p = iftmp.0;
  _1 = p != 0B;
  r = (int) _1;
  free (p);
  D.3515 = r;
  goto <D.3516>;
  <D.3516>:
  return D.3515;
}



;; Function chain (chain, funcdef_no=13, decl_uid=3446, cgraph_uid=14, symbol_order=15)

int chain ()
{
  int r;
  char * q;
  char * p;
  int D.3517;

  q = malloc (7);
  p = q;
  _1 = p == q;
  r = (int) _1;
  free (p);
  D.3517 = r;
  goto <D.3518>;
  <D.3518>:
  return D.3517;
}



;; Function all_allocators (all_allocators, funcdef_no=14, decl_uid=3452, cgraph_uid=15, symbol_order=16)

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
  int D.3519;

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
  D.3519 = r;
  goto <D.3520>;
  <D.3520>:
  return D.3519;
}



;; Function blocks (blocks, funcdef_no=15, decl_uid=3465, cgraph_uid=16, symbol_order=17)

int blocks (int n)
{
  char * inner;
  int k[4];
  int r;
  char * p;
  int D.3521;

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
  D.3521 = r;
  goto <D.3522>;
  <D.3522>:
  return D.3521;
}



;; Function captured (captured, funcdef_no=16, decl_uid=3472, cgraph_uid=18, symbol_order=19)

int captured (int n)
{
  struct FRAME.captured FRAME.1;
  int r;
  char * p [value-expr: FRAME.1.p];
  int D.3523;
  void * D.3533;
  char * D.3531;
  char * D.3530;
  char * D.3529;

  D.3533 = __builtin_dwarf_cfa (0);
  FRAME.1.FRAME_BASE.PARENT = D.3533;
  _1 = (long unsigned int) n;
  D.3529 = malloc (_1);
  FRAME.1.p = D.3529;
  D.3530 = FRAME.1.p;
  *D.3530 = 9;
  r = peek (); [static-chain: &FRAME.1]
  D.3531 = FRAME.1.p;
  free (D.3531);
  D.3523 = r;
  goto <D.3534>;
  <D.3534>:
  return D.3523;
}



;; Function peek (peek.0, funcdef_no=17, decl_uid=3476, cgraph_uid=17, symbol_order=18)

int peek ()
{
  int D.3524;
  char * D.3528;

  D.3528 = CHAIN.2->p;
  _1 = *D.3528;
  D.3524 = (int) _1;
  goto <D.3535>;
  <D.3535>:
  return D.3524;
}



;; Function overflow (overflow, funcdef_no=18, decl_uid=3480, cgraph_uid=19, symbol_order=20)

int overflow ()
{
  void * p;
  int D.3536;

  huge.3_1 = huge;
  p = calloc (huge.3_1, 2);
  _2 = p == 0B;
  D.3536 = (int) _2;
  goto <D.3537>;
  <D.3537>:
  return D.3536;
}



;; Function not_tied (not_tied, funcdef_no=19, decl_uid=3484, cgraph_uid=20, symbol_order=21)

int not_tied (struct node * * out)
{
  int r;
  char * indirect;
  char * off;
  long int x;
  void * (*<T69e>) (size_t) fn;
  struct holder h;
  static char * kept;
  int D.3538;

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
  kept.4_7 = kept;
  _8 = strlen (kept.4_7);
  r = (int) _8;
  x.5_9 = (void *) x;
  free (x.5_9);
  _10 = off + 18446744073709551615;
  free (_10);
  free (indirect);
  _11 = h.p;
  free (_11);
  global.6_12 = global;
  free (global.6_12);
  kept.7_13 = kept;
  free (kept.7_13);
  D.3538 = r;
  goto <D.3540>;
  <D.3540>:
  h = {CLOBBER(eol)};
  goto <D.3539>;
  <D.3539>:
  return D.3538;
}



;; Function main (main, funcdef_no=20, decl_uid=3495, cgraph_uid=21, symbol_order=22)

int main ()
{
  int sum;
  struct node * spare;
  struct node * n;
  int D.3541;

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
  spare.8_22 = spare;
  free (spare.8_22);
  free (n);
  printf ("%d\n", sum);
  D.3541 = sum % 7;
  goto <D.3543>;
  <D.3543>:
  spare = {CLOBBER(eol)};
  goto <D.3542>;
  D.3541 = 0;
  goto <D.3542>;
  <D.3542>:
  return D.3541;
}


