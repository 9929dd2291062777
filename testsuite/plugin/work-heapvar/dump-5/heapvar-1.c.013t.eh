
;; Function pool_alloc (pool_alloc, funcdef_no=23, decl_uid=3479, cgraph_uid=24, symbol_order=25)

__attribute__((noinline, malloc))
void * pool_alloc (size_t size)
{
  void * D.3569;

  # DEBUG BEGIN_STMT
  D.3569 = malloc (size);
  goto <D.3570>;
  <D.3570>:
  return D.3569;
}



;; Function pool_free (pool_free, funcdef_no=24, decl_uid=3481, cgraph_uid=25, symbol_order=26)

__attribute__((*dealloc (pool_alloc2), noinline))
void pool_free (void * p)
{
  # DEBUG BEGIN_STMT
  free (p);
  return;
}



;; Function pool_alloc2 (pool_alloc2, funcdef_no=25, decl_uid=3483, cgraph_uid=26, symbol_order=27)

__attribute__((malloc (pool_free), noinline))
void * pool_alloc2 (size_t size)
{
  void * D.3571;

  # DEBUG BEGIN_STMT
  D.3571 = calloc (1, size);
  goto <D.3572>;
  <D.3572>:
  return D.3571;
}



;; Function main (main, funcdef_no=37, decl_uid=3563, cgraph_uid=38, symbol_order=39)

int main ()
{
  int sum;
  struct node * spare;
  struct node * n;
  int D.3573;

  # DEBUG BEGIN_STMT
  n = make_node (41);
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
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
  # DEBUG BEGIN_STMT
  spare.0_22 = spare;
  free (spare.0_22);
  # DEBUG BEGIN_STMT
  free (n);
  # DEBUG BEGIN_STMT
  printf ("%d\n", sum);
  # DEBUG BEGIN_STMT
  D.3573 = sum % 7;
  goto <D.3575>;
  <D.3575>:
  spare = {CLOBBER(eol)};
  goto <D.3574>;
  D.3573 = 0;
  goto <D.3574>;
  <D.3574>:
  return D.3573;
}



;; Function make_node (make_node, funcdef_no=28, decl_uid=3505, cgraph_uid=29, symbol_order=30)

struct node * make_node (int value)
{
  struct node * q;
  struct node * D.3576;

  # DEBUG BEGIN_STMT
  q = malloc (16);
  # DEBUG BEGIN_STMT
  q->next = 0B;
  # DEBUG BEGIN_STMT
  q->value = value;
  # DEBUG BEGIN_STMT
  D.3576 = q;
  goto <D.3577>;
  <D.3577>:
  return D.3576;
}



;; Function grow (grow, funcdef_no=26, decl_uid=3496, cgraph_uid=27, symbol_order=28)

int grow (int n)
{
  int r;
  char * buf;
  int D.3578;

  # DEBUG BEGIN_STMT
  buf = malloc (4);
  # DEBUG BEGIN_STMT
  _1 = (long unsigned int) n;
  buf = realloc (buf, _1);
  # DEBUG BEGIN_STMT
  _2 = (long unsigned int) n;
  memset (buf, 120, _2);
  # DEBUG BEGIN_STMT
  _3 = (sizetype) n;
  _4 = _3 + 18446744073709551615;
  _5 = buf + _4;
  _6 = *_5;
  _7 = _6 == 120;
  r = (int) _7;
  # DEBUG BEGIN_STMT
  free (buf);
  # DEBUG BEGIN_STMT
  D.3578 = r;
  goto <D.3579>;
  <D.3579>:
  return D.3578;
}



;; Function param_dup (param_dup, funcdef_no=27, decl_uid=3501, cgraph_uid=28, symbol_order=29)

size_t param_dup (char * s)
{
  size_t n;
  size_t D.3580;

  # DEBUG BEGIN_STMT
  s = strdup (s);
  # DEBUG BEGIN_STMT
  n = strlen (s);
  # DEBUG BEGIN_STMT
  free (s);
  # DEBUG BEGIN_STMT
  D.3580 = n;
  goto <D.3581>;
  <D.3581>:
  return D.3580;
}



;; Function choose (choose, funcdef_no=29, decl_uid=3509, cgraph_uid=30, symbol_order=31)

int choose (int c)
{
  int r;
  char * p;
  int D.3586;
  void * iftmp.1;

  # DEBUG BEGIN_STMT
  if (c != 0) goto <D.3583>; else goto <D.3584>;
  <D.3583>:
  iftmp.1 = malloc (3);
  goto <D.3585>;
  <D.3584>:
  iftmp.1 = calloc (5, 1);
  <D.3585>:
  p = iftmp.1;
  # DEBUG BEGIN_STMT
  _1 = p != 0B;
  r = (int) _1;
  # DEBUG BEGIN_STMT
  free (p);
  # DEBUG BEGIN_STMT
  D.3586 = r;
  goto <D.3587>;
  <D.3587>:
  return D.3586;
}



;; Function chain (chain, funcdef_no=30, decl_uid=3514, cgraph_uid=31, symbol_order=32)

int chain ()
{
  int r;
  char * q;
  char * p;
  int D.3588;

  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  q = malloc (7);
  p = q;
  # DEBUG BEGIN_STMT
  _1 = p == q;
  r = (int) _1;
  # DEBUG BEGIN_STMT
  free (p);
  # DEBUG BEGIN_STMT
  D.3588 = r;
  goto <D.3589>;
  <D.3589>:
  return D.3588;
}



;; Function all_allocators (all_allocators, funcdef_no=31, decl_uid=3520, cgraph_uid=32, symbol_order=33)

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
  int D.3590;

  # DEBUG BEGIN_STMT
  c = calloc (2, 8);
  # DEBUG BEGIN_STMT
  d = strndup ("memscope", 3);
  # DEBUG BEGIN_STMT
  e = aligned_alloc (16, 32);
  # DEBUG BEGIN_STMT
  f = memalign (32, 64);
  # DEBUG BEGIN_STMT
  g = valloc (10);
  # DEBUG BEGIN_STMT
  h = pvalloc (10);
  # DEBUG BEGIN_STMT
  i = reallocarray (0B, 4, 4);
  # DEBUG BEGIN_STMT
  j = pool_alloc (12);
  # DEBUG BEGIN_STMT
  k = pool_alloc2 (14);
  # DEBUG BEGIN_STMT
  _1 = c + 15;
  _2 = *_1;
  _3 = (int) _2;
  _4 = strlen (d);
  _5 = (int) _4;
  r = _3 + _5;
  # DEBUG BEGIN_STMT
  free (c);
  # DEBUG BEGIN_STMT
  free (d);
  # DEBUG BEGIN_STMT
  free (e);
  # DEBUG BEGIN_STMT
  free (f);
  # DEBUG BEGIN_STMT
  free (g);
  # DEBUG BEGIN_STMT
  free (h);
  # DEBUG BEGIN_STMT
  free (i);
  # DEBUG BEGIN_STMT
  free (j);
  # DEBUG BEGIN_STMT
  pool_free (k);
  # DEBUG BEGIN_STMT
  D.3590 = r;
  goto <D.3591>;
  <D.3591>:
  return D.3590;
}



;; Function blocks (blocks, funcdef_no=32, decl_uid=3533, cgraph_uid=33, symbol_order=34)

int blocks (int n)
{
  char * inner;
  int k[4];
  int r;
  char * p;
  int D.3592;

  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  memset (&k, 0, 16);
  # DEBUG BEGIN_STMT
  k[0] = n;
  # DEBUG BEGIN_STMT
  _1 = k[0];
  _2 = (long unsigned int) _1;
  p = malloc (_2);
  # DEBUG BEGIN_STMT
  inner = strdup ("ab");
  # DEBUG BEGIN_STMT
  _3 = MEM[(char *)inner + 1B];
  *p = _3;
  # DEBUG BEGIN_STMT
  free (inner);
  k = {CLOBBER(eol)};
  # DEBUG BEGIN_STMT
  _4 = *p;
  r = (int) _4;
  # DEBUG BEGIN_STMT
  free (p);
  # DEBUG BEGIN_STMT
  D.3592 = r;
  goto <D.3593>;
  <D.3593>:
  return D.3592;
}



;; Function captured (captured, funcdef_no=33, decl_uid=3540, cgraph_uid=35, symbol_order=36)

int captured (int n)
{
  struct FRAME.captured FRAME.2;
  int r;
  char * p [value-expr: FRAME.2.p];
  int D.3594;
  void * D.3604;
  char * D.3602;
  char * D.3601;
  char * D.3600;

  D.3604 = __builtin_dwarf_cfa (0);
  FRAME.2.FRAME_BASE.PARENT = D.3604;
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  _1 = (long unsigned int) n;
  D.3600 = malloc (_1);
  FRAME.2.p = D.3600;
  # DEBUG BEGIN_STMT
  D.3601 = FRAME.2.p;
  *D.3601 = 9;
  # DEBUG BEGIN_STMT
  r = peek (); [static-chain: &FRAME.2]
  # DEBUG BEGIN_STMT
  D.3602 = FRAME.2.p;
  free (D.3602);
  # DEBUG BEGIN_STMT
  D.3594 = r;
  goto <D.3605>;
  <D.3605>:
  return D.3594;
}



;; Function peek (peek.0, funcdef_no=34, decl_uid=3544, cgraph_uid=34, symbol_order=35)

int peek ()
{
  int D.3595;
  char * D.3599;

  # DEBUG BEGIN_STMT
  D.3599 = CHAIN.3->p;
  _1 = *D.3599;
  D.3595 = (int) _1;
  goto <D.3606>;
  <D.3606>:
  return D.3595;
}



;; Function overflow (overflow, funcdef_no=35, decl_uid=3548, cgraph_uid=36, symbol_order=37)

int overflow ()
{
  void * p;
  int D.3607;

  # DEBUG BEGIN_STMT
  huge.4_1 = huge;
  p = calloc (huge.4_1, 2);
  # DEBUG BEGIN_STMT
  _2 = p == 0B;
  D.3607 = (int) _2;
  goto <D.3608>;
  <D.3608>:
  return D.3607;
}



;; Function not_tied (not_tied, funcdef_no=36, decl_uid=3552, cgraph_uid=37, symbol_order=38)

int not_tied (struct node * * out)
{
  int r;
  char * indirect;
  char * off;
  long int x;
  void * (*<T6b6>) (size_t) fn;
  struct holder h;
  static char * kept;
  int D.3609;

  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  # DEBUG BEGIN_STMT
  fn = malloc;
  # DEBUG BEGIN_STMT
  _1 = malloc (1);
  x = (long int) _1;
  # DEBUG BEGIN_STMT
  _2 = malloc (8);
  off = _2 + 1;
  # DEBUG BEGIN_STMT
  indirect = fn (2);
  # DEBUG BEGIN_STMT
  _3 = malloc (1);
  h.p = _3;
  # DEBUG BEGIN_STMT
  _4 = malloc (2);
  global = _4;
  # DEBUG BEGIN_STMT
  _5 = malloc (16);
  *out = _5;
  # DEBUG BEGIN_STMT
  _6 = strdup ("kept");
  kept = _6;
  # DEBUG BEGIN_STMT
  kept.5_7 = kept;
  _8 = strlen (kept.5_7);
  r = (int) _8;
  # DEBUG BEGIN_STMT
  x.6_9 = (void *) x;
  free (x.6_9);
  # DEBUG BEGIN_STMT
  _10 = off + 18446744073709551615;
  free (_10);
  # DEBUG BEGIN_STMT
  free (indirect);
  # DEBUG BEGIN_STMT
  _11 = h.p;
  free (_11);
  # DEBUG BEGIN_STMT
  global.7_12 = global;
  free (global.7_12);
  # DEBUG BEGIN_STMT
  kept.8_13 = kept;
  free (kept.8_13);
  # DEBUG BEGIN_STMT
  D.3609 = r;
  goto <D.3611>;
  <D.3611>:
  h = {CLOBBER(eol)};
  goto <D.3610>;
  <D.3610>:
  return D.3609;
}


