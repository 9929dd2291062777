/* inline-4.c: two functions that call each other last, as libxml2's
 * xmlSchemaSetParserErrors and xmlSchemaSetValidErrors do.  At -O2 GCC
 * inlines each into the other and turns the recursion into a loop whose
 * header is the function's first instruction: the function must be
 * entered once, before the loop, not on each round.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

typedef void (*report_fn) (void *, const char *);
struct valid;
struct parser { report_fn error, warning; void *ctx; struct valid *vctxt; };
struct valid { report_fn error, warning; void *ctx; struct parser *pctxt; };

void set_valid (struct valid *ctxt, report_fn err, report_fn warn, void *ctx);

void
set_parser (struct parser *ctxt, report_fn err, report_fn warn, void *ctx)
{
  if (ctxt == NULL)
    return;
  ctxt->error = err;
  ctxt->warning = warn;
  ctxt->ctx = ctx;
  if (ctxt->vctxt != NULL)
    set_valid (ctxt->vctxt, err, warn, ctx);
}

void
set_valid (struct valid *ctxt, report_fn err, report_fn warn, void *ctx)
{
  if (ctxt == NULL)
    return;
  ctxt->error = err;
  ctxt->warning = warn;
  ctxt->ctx = ctx;
  if (ctxt->pctxt != NULL)
    set_parser (ctxt->pctxt, err, warn, ctx);
}

static void
quiet (void *ctx, const char *msg)
{
  (void) ctx;
  (void) msg;
}

int
main (void)
{
  struct parser p1 = { 0 }, p2 = { 0 };
  struct valid v = { 0 };

  p1.vctxt = &v;
  v.pctxt = &p2;
  set_parser (&p1, quiet, quiet, NULL);     /* set_parser > set_valid > set_parser */
  set_parser (&p2, quiet, quiet, NULL);
  set_valid (&v, quiet, quiet, NULL);       /* set_valid > set_parser */
  printf ("%d %d\n", p2.error == quiet, v.warning == quiet);
  return 0;
}
