/* init.c: start-up, the report at exit, memscope_global() and memscope_dump().
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The report is written once per process: from an atexit handler that the
 * library's constructor registers (so it runs after every handler the
 * program registers later, on return from main or exit() anywhere), or
 * from _exit() and _Exit() where that is safe, with the library
 * destructor as a fallback.  A child after fork writes its own.
 * Instrumented code that runs later (other destructors) is still accepted;
 * it just does not reach the report.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "crash.h"
#include "heap.h"
#include "leaks.h"
#include "memscope.h"
#include "options.h"
#include "output.h"
#include "registry-private.h"
#include "report.h"
#include "snapshot.h"
#include "unload.h"

static struct
{
  gboolean ready;
  char *program;
  char *start_dir;
  pid_t written_by;            /* the pid that wrote its exit report */
  pid_t report_pid;            /* the pid reports speak for (a crash writer's parent), 0: ours */
  pid_t pid;                   /* getpid () at start, or at the fork that made us: another
                                * in a vfork child (which shares our memory) */
  gint64 started_at;           /* g_get_real_time at start, or at the fork that made us */
} ms_rt;

static void crash_writer (pid_t pid);

static void report_at_exit (void);

static void
fork_prepare (void)
{
  ms_registry_lock ();
  ms_heap_fork_prepare ();
}

static void
fork_parent (void)
{
  ms_heap_fork_parent ();
  ms_registry_unlock ();
}

static void
fork_child (void)
{
  ms_rt.pid = getpid ();
  ms_rt.started_at = g_get_real_time ();
  ms_heap_fork_child ();
  ms_after_fork_child (&ms_self);
  ms_guard_leave ();          /* taken by fork_prepare's lock */
}

static void
runtime_init (void)
{
  const char *spec;

  if (ms_rt.ready)
    return;
  ms_rt.ready = TRUE;
  ms_guard_enter ();
  __atomic_store_n (&ms_started, TRUE, __ATOMIC_RELAXED);
  /* secure_getenv: a setuid or setgid program ignores MEMSCOPE_OPTIONS. */
  spec = secure_getenv ("MEMSCOPE_OPTIONS");
  ms_options_parse (spec);
  if (ms_options.help)
    {
      g_autofree char *help = ms_options_help ();
      fputs (help, stderr);
    }
  ms_rt.program = g_strdup (program_invocation_short_name && *program_invocation_short_name
                            ? program_invocation_short_name : "program");
  ms_rt.start_dir = g_get_current_dir ();
  ms_rt.started_at = g_get_real_time ();
  ms_rt.pid = getpid ();
  atexit (report_at_exit);
  pthread_atfork (fork_prepare, fork_parent, fork_child);
  /* The registry's lists now, before the heap gate opens.  Made lazily,
   * they would be made by the first tracked allocation, and GLib's own
   * allocator calls posix_memalign holding a lock its containers take:
   * where the program's libraries put GLib's dependencies (an instrumented
   * libpcre2) before it, this constructor runs before GLib's, whose first
   * g_slice_alloc then waited for itself. */
  ms_registry_lock ();
  ms_registry_unlock ();
  ms_heap_init ();
  ms_unload_init ();
  ms_leaks_init ();
  ms_crash_install (crash_writer);
  ms_guard_leave ();
}

__attribute__ ((constructor (101))) static void
ms_constructor (void)
{
  runtime_init ();
}

static int
report_pid (void)
{
  return ms_rt.report_pid ? ms_rt.report_pid : getpid ();
}

/* The report's path from the output option; *@older (ms_output_open)
 * is when this process started where the name holds the pid: a report
 * already there from before is another process's that had the same pid
 * (the pids wrapped around), and is kept.  Less 50 ms: a file's time
 * comes from a clock that may lag by a tick, and this process's own
 * memscope_dump may have written there; a pid comes round again only
 * after thousands of others. */
static char *
default_path (gint64 *older)
{
  gboolean per_process = FALSE;
  char *path = ms_output_expand (ms_options.output, ms_rt.program, report_pid (),
                                 ms_rt.start_dir, &per_process);

  *older = per_process ? ms_rt.started_at - 50 * 1000 : 0;
  return path;
}

/* Takes a snapshot and writes it to @path (@older: ms_output_open's), and
 * *@written (if not NULL) gets the path written; @summary_to, if not
 * NULL, gets the summary text too, @warnings_out the stack_warn lines. */
static gboolean
report_write (const char *path, gint64 older, char **written, char **summary_out,
              char **warnings_out, guint64 *leaked_blocks, GError **error)
{
  const MsSnapshot *snap;
  MsOutput *out = NULL;
  gboolean ok = TRUE;
  int pid = report_pid ();

  if (ms_unload_lost () != NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAULT,
                   "the scopes of %s, unloaded by dlclose, could not be kept (another mapping "
                   "took their addresses first), so no report can be made (open it with "
                   "RTLD_NODELETE to keep it loaded)", ms_unload_lost ());
      return FALSE;
    }
  ms_guard_enter ();
  if (path != NULL)
    {
      out = ms_output_open (path, older, error);
      ok = out != NULL;
    }
  ms_registry_lock ();
  snap = ms_snapshot_take ();
  if (out != NULL)
    ms_report_render (snap, ms_rt.program, pid, out);
  if (summary_out != NULL)
    *summary_out = ms_report_summary (snap, ms_rt.program, pid, NULL, (guint) ms_options.summary_top);
  if (warnings_out != NULL)
    *warnings_out = ms_report_stack_warnings (snap, (guint) ms_options.stack_warn);
  if (leaked_blocks != NULL)
    *leaked_blocks = ms_report_leaked_blocks (snap);
  ms_registry_unlock ();

  if (out != NULL)
    ok = ms_output_close (out, written, error);
  ms_guard_leave ();
  return ok;
}

/* Room to write the report.  A program may lower its own RLIMIT_AS or
 * RLIMIT_DATA as it runs (gnulib's configure does, to see printf fail for
 * want of memory), below what the report then needs; GLib ends the
 * process when an allocation fails, with a status of its own.  So a trial
 * mapping of about what the report needs (512 KiB, and 512 bytes a
 * context: it takes some 300) comes first.  Where it fails, the soft
 * limits go up to the hard ones for the report (the program's own code
 * has run; restore_limits puts them back).  If it still fails, there is
 * no report, and *WHY says which limit is the cause.  A report taken by
 * the program itself (memscope_dump) leaves the limits alone: RAISE
 * false. */
typedef struct
{
  struct rlimit as, data;
  gboolean as_raised, data_raised;
} MsLimits;

static gboolean
room_for (gsize bytes)
{
  void *p = mmap (NULL, bytes, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

  if (p == MAP_FAILED)
    return FALSE;
  munmap (p, bytes);
  return TRUE;
}

static gboolean
raise_limit (int resource, struct rlimit *saved)
{
  struct rlimit up;

  if (getrlimit (resource, saved) != 0 || saved->rlim_cur == saved->rlim_max)
    return FALSE;
  up = (struct rlimit) { saved->rlim_max, saved->rlim_max };
  return setrlimit (resource, &up) == 0;
}

static gboolean
report_room (gboolean raise, MsLimits *saved, char **why)
{
  gsize need;
  struct rlimit as, data;
  GString *limits;

  memset (saved, 0, sizeof *saved);
  ms_registry_lock ();
  need = (gsize) MIN (ms_snapshot_contexts_bound (), G_MAXSIZE / 1024) * 512 + 512 * 1024;
  ms_registry_unlock ();
  if (room_for (need))
    return TRUE;
  if (raise)
    {
      saved->as_raised = raise_limit (RLIMIT_AS, &saved->as);
      saved->data_raised = raise_limit (RLIMIT_DATA, &saved->data);
      if ((saved->as_raised || saved->data_raised) && room_for (need))
        return TRUE;
    }
  limits = g_string_new (NULL);
  if (getrlimit (RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY)
    {
      g_autofree char *size = ms_human_size (as.rlim_cur);
      g_string_append_printf (limits, "RLIMIT_AS %s", size);
    }
  if (getrlimit (RLIMIT_DATA, &data) == 0 && data.rlim_cur != RLIM_INFINITY)
    {
      g_autofree char *size = ms_human_size (data.rlim_cur);
      g_string_append_printf (limits, "%sRLIMIT_DATA %s", limits->len ? ", " : "", size);
    }
  {
    g_autofree char *size = ms_human_size (need);
    *why = limits->len
           ? g_strdup_printf ("no room for the report (about %s) under the program's memory "
                              "limit (%s), so there is no report (raise the limit to get "
                              "one)", size, limits->str)
           : g_strdup_printf ("no room for the report (about %s): out of memory, or of "
                              "mappings (vm.max_map_count), so there is no report", size);
  }
  g_string_free (limits, TRUE);
  return FALSE;
}

static void
restore_limits (const MsLimits *saved)
{
  if (saved->as_raised)
    setrlimit (RLIMIT_AS, &saved->as);
  if (saved->data_raised)
    setrlimit (RLIMIT_DATA, &saved->data);
}

/* The requests to end the process (kill, ^C) held off while the report
 * is written at exit.  The writing thread blocks them; another thread of
 * the program would still take one and end the process at once, leaving
 * half a report behind, so those left to their default action get a
 * handler that notes them meanwhile (a program's own handlers run as
 * they would), and one noted is sent again once the report is written. */
static const int ms_held_signals[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };

typedef struct
{
  sigset_t mask;                        /* the writing thread's before */
  struct sigaction old[G_N_ELEMENTS (ms_held_signals)];
  gboolean replaced[G_N_ELEMENTS (ms_held_signals)];
} MsHeld;

static volatile sig_atomic_t ms_signal_held;

static void
note_held_signal (int sig)
{
  ms_signal_held = sig;
}

static void
signals_hold (MsHeld *h)
{
  sigset_t block;

  sigemptyset (&block);
  for (guint i = 0; i < G_N_ELEMENTS (ms_held_signals); i++)
    sigaddset (&block, ms_held_signals[i]);
  pthread_sigmask (SIG_BLOCK, &block, &h->mask);
  for (guint i = 0; i < G_N_ELEMENTS (ms_held_signals); i++)
    {
      /* SA_RESTART: a thread of the program waiting in a system call
       * goes on waiting. */
      struct sigaction note = { .sa_handler = note_held_signal, .sa_flags = SA_RESTART };

      h->replaced[i] = FALSE;
      if (sigaction (ms_held_signals[i], NULL, &h->old[i]) != 0
          || (h->old[i].sa_flags & SA_SIGINFO) || h->old[i].sa_handler != SIG_DFL)
        continue;
      sigfillset (&note.sa_mask);
      h->replaced[i] = sigaction (ms_held_signals[i], &note, NULL) == 0;
    }
}

static void
signals_release (MsHeld *h)
{
  int sig;

  for (guint i = 0; i < G_N_ELEMENTS (ms_held_signals); i++)
    if (h->replaced[i])
      sigaction (ms_held_signals[i], &h->old[i], NULL);
  sig = ms_signal_held;
  ms_signal_held = 0;
  if (sig != 0)
    kill (getpid (), sig);
  pthread_sigmask (SIG_SETMASK, &h->mask, NULL);
}

static void
report_at_exit (void)
{
  guintptr entry = MS_LEAKS_ENTER_EXIT ();
  GError *error = NULL;
  char *path = NULL;
  char *written = NULL;
  char *summary = NULL;
  char *warnings = NULL;
  char *why = NULL;
  gint64 older = 0;
  MsLimits limits;
  guint64 leaked = 0;
  gboolean none;
  int saved_errno = errno;
  MsHeld held;

  runtime_init ();
  if (ms_rt.written_by == report_pid ())
    {
      ms_leaks_leave (entry);
      return;
    }
  ms_rt.written_by = report_pid ();
  none = g_strcmp0 (ms_options.output, "none") == 0;
  if (none && !ms_options.summary && ms_options.leak_exitcode == 0 && ms_options.stack_warn == 0)
    {
      ms_leaks_leave (entry);
      return;
    }
  ms_guard_enter ();
  if (!none)
    path = default_path (&older);
  signals_hold (&held);
  if (!report_room (TRUE, &limits, &why))
    fprintf (stderr, "memscope: %s\n", why);
  else if (!report_write (path, older, &written, ms_options.summary ? &summary : NULL, &warnings,
                          &leaked, &error))
    fprintf (stderr, "memscope: %s%s\n", error->message,
             ms_unload_lost () != NULL ? "" : "; the report is lost (choose another place with "
             "MEMSCOPE_OPTIONS=output=PATH)");
  else if (path != NULL && (ms_options.verbosity >= 1 || ms_options.summary))
    fprintf (stderr, "memscope: report written to %s\n", written);
  restore_limits (&limits);
  signals_release (&held);
  if (summary != NULL)
    fputs (summary, stderr);
  if (warnings != NULL)
    fputs (warnings, stderr);
  g_clear_error (&error);
  g_free (why);
  g_free (path);
  g_free (written);
  g_free (summary);
  g_free (warnings);
  ms_guard_leave ();
  ms_leaks_leave (entry);
  errno = saved_errno;
  if (ms_options.leak_exitcode != 0 && leaked > 0)
    {
      fprintf (stderr, "memscope: %" G_GUINT64_FORMAT " heap blocks still live at exit; "
               "exit status %d (leak_exitcode)\n", leaked, (int) ms_options.leak_exitcode);
      fflush (NULL);
      _exit ((int) ms_options.leak_exitcode);
    }
}

/* _exit and _Exit end the process without exit's handlers: the report is
 * written first, as exit would, where that is safe.  Not in a vfork child,
 * which shares its parent's memory (its pid is not the one the runtime
 * knows); not from the runtime's own work; and not while the thread blocks
 * a signal, as it does in a signal handler (rsync's end their process
 * with _exit), which may have interrupted the allocator, whose lock the
 * report would then wait for forever.  Nothing else changes: the process
 * ends with the status asked for, its stdio buffers unflushed. */
static void
report_at_underscore_exit (void)
{
  sigset_t blocked;

  if (!ms_rt.ready || ms_self.in_runtime > 0 || ms_self.dead || getpid () != ms_rt.pid)
    return;
  if (pthread_sigmask (SIG_BLOCK, NULL, &blocked) != 0 || !sigisemptyset (&blocked))
    return;
  report_at_exit ();
}

MEMSCOPE_EXPORT void
_exit (int status)
{
  report_at_underscore_exit ();
  for (;;)
    syscall (SYS_exit_group, status);
}

extern MEMSCOPE_EXPORT __typeof (_exit) _Exit __attribute__ ((alias ("_exit")));

/* In a copy of the crashed process (crash.c): the report, for its pid. */
static void
crash_writer (pid_t pid)
{
  ms_heap_crash_mode ();
  ms_after_crash_child ();
  ms_rt.report_pid = pid;
  ms_rt.written_by = 0;
  ms_self.in_runtime = 0;
  ms_thread_guard_changed (&ms_self);
  report_at_exit ();
}

__attribute__ ((destructor (101))) static void
ms_destructor (void)
{
  report_at_exit ();
}

gboolean
memscope_dump (const char *path, GError **error)
{
  guintptr entry = MS_LEAKS_ENTER ();
  g_autofree char *target = NULL;
  gboolean ok = TRUE;
  gint64 older = 0;

  runtime_init ();
  ms_guard_enter ();
  if (path != NULL)
    target = g_strdup (path);
  else if (g_strcmp0 (ms_options.output, "none") != 0)
    target = default_path (&older);
  if (target != NULL && g_strcmp0 (target, "none") != 0)
    {
      MsLimits limits;
      g_autofree char *why = NULL;

      ok = report_room (FALSE, &limits, &why);
      if (!ok)
        g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_NOMEM, why);
    }
  ms_guard_leave ();
  if (ok && target != NULL && g_strcmp0 (target, "none") != 0)
    ok = report_write (target, older, NULL, NULL, NULL, NULL, error);
  ms_leaks_leave (entry);
  return ok;
}

MemscopeMetadataEngine *
memscope_global (void)
{
  static MemscopeMetadataEngine *engine;
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      runtime_init ();
      engine = ms_engine_new_global ();
      g_once_init_leave (&once, 1);
    }
  return engine;
}
