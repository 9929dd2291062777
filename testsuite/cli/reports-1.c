/* reports-1.c: reports of kinds the other test programs do not write, for
 * testsuite/cli/schema.sh: the manual API's records, and a crash.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: reports-1 manual|crash.  Built without the plugin: the one
 * instrumented scope is entered by hand, as plugin-generated code would.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "memscope-abi.h"
#include "memscope.h"

static const __memscope_var_desc main_vars[] = {
  { "buf", "char[32]", "reports-1.c", 20, 0, 32 },
};
static const __memscope_scope_desc main_scope = {
  MEMSCOPE_ABI_VERSION, MEMSCOPE_SCOPE_FUNCTION, "main", "reports-1.c", 19, 0, NULL, 1, 0, main_vars
};

static char buf[32];

int
main (int argc, char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "";

  __memscope_enter (&main_scope);
  __memscope_var (&main_vars[0], buf);
  if (strcmp (mode, "manual") == 0)
    {
      MemscopeMetadataEngine *engine = memscope_global ();
      MemscopeScopeTracker *scopes = memscope_metadata_engine_scopes (engine);
      MemscopeVariableRegistry *vars = memscope_metadata_engine_variables (engine);
      MemscopeThreadRegistry *threads = memscope_metadata_engine_threads (engine);
      MemscopeThreadId thread = memscope_thread_registry_register (threads, (guint64) getpid (), "by hand");
      MemscopeScopeId outer = memscope_scope_tracker_enter (scopes, "request", NULL);
      MemscopeScopeId inner = memscope_scope_tracker_enter (scopes, "parse", NULL);
      MemscopeVariableId body = memscope_variable_registry_register (vars, "body", "char *", (guintptr) buf, 512,
                                                                     inner, thread);

      memscope_variable_registry_record_access (vars, body);
      memscope_thread_registry_record_allocation (threads, thread, 512);
      memscope_scope_tracker_exit (scopes, inner, NULL);
      (void) outer;             /* left open: an active manual scope */
    }
  else if (strcmp (mode, "crash") == 0)
    raise (SIGSEGV);
  __memscope_exit (&main_scope);
  printf ("reports-1 %s done\n", mode);
  return 0;
}
