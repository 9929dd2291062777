/* output.c: report files, written whole (or to a device, a pipe, a descriptor).
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"

char *
ms_output_expand (const char *pattern, const char *program, int pid, const char *base_dir,
                  gboolean *per_process)
{
  GString *s = g_string_new (NULL);
  const char *p;
  gboolean pid_in = FALSE;

  for (p = pattern; *p; p++)
    {
      if (p[0] != '%' || p[1] == '\0')
        {
          g_string_append_c (s, *p);
          continue;
        }
      p++;
      switch (*p)
        {
        case 'p':
          g_string_append_printf (s, "%d", pid);
          pid_in = TRUE;
          break;
        case 'e':
          g_string_append (s, program);
          break;
        case '%':
          g_string_append_c (s, '%');
          break;
        default:
          g_string_append_c (s, '%');
          g_string_append_c (s, *p);
          break;
        }
    }
  if (!g_path_is_absolute (s->str) && base_dir != NULL)
    {
      char *abs = g_build_filename (base_dir, s->str, NULL);
      g_string_free (s, TRUE);
      s = g_string_new (abs);
      g_free (abs);
    }
  /* A folder: the default name in it. */
  if (s->len > 0 && (s->str[s->len - 1] == '/' || g_file_test (s->str, G_FILE_TEST_IS_DIR)))
    {
      char *dir = g_canonicalize_filename (s->str, NULL);
      char *name = g_strdup_printf ("memscope.%s.%d.json", program, pid);
      char *path = g_build_filename (dir, name, NULL);

      g_free (dir);
      g_free (name);
      g_string_free (s, TRUE);
      if (per_process != NULL)
        *per_process = TRUE;
      return path;
    }
  if (per_process != NULL)
    *per_process = pid_in;
  return g_string_free (s, FALSE);
}

/* FALSE, errno set, at the first write that fails.  A descriptor the
 * program made non-blocking is waited for when it takes no more (EAGAIN). */
static gboolean
write_all (int fd, const char *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
          struct pollfd p = { fd, POLLOUT, 0 };

          if (poll (&p, 1, -1) >= 0 || errno == EINTR)
            continue;
          return FALSE;
        }
      if (n <= 0)
        {
          if (n == 0)
            errno = EIO;
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

struct MsOutput
{
  char *path;
  gint64 older;        /* a file at path written before this is kept (ms_output_open) */
  char *tmp;           /* NULL: written straight to the path (ms_output_open) */
  GByteArray *held;    /* what goes straight to the path, until ms_output_close */
  int fd;
  int saved;           /* the errno of the first write that failed, or 0 */
};

/* Sets @error to "cannot write report to PATH: STRERROR (@saved)". */
static void
write_error (GError **error, const char *path, int saved)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
               "cannot write report to '%s': %s", path, g_strerror (saved));
}

/* The descriptor that /dev/stdout, /dev/stderr, /dev/fd/N or
 * /proc/self/fd/N names, or -1 for any other path. */
static int
path_descriptor (const char *path)
{
  const char *n;
  guint64 fd;

  if (strcmp (path, "/dev/stdout") == 0)
    return 1;
  if (strcmp (path, "/dev/stderr") == 0)
    return 2;
  if (g_str_has_prefix (path, "/dev/fd/"))
    n = path + strlen ("/dev/fd/");
  else if (g_str_has_prefix (path, "/proc/self/fd/"))
    n = path + strlen ("/proc/self/fd/");
  else
    return -1;
  if (!g_ascii_string_to_unsigned (n, 10, 0, G_MAXINT, &fd, NULL))
    return -1;
  return (int) fd;
}

/* A path that is not a file to replace: a descriptor of the program's
 * (written where it stands, as the shell's 2>&1 would), or a character
 * device or a FIFO already there (/dev/null, /dev/tty, a named pipe),
 * opened for writing as it is: no temporary file, no rename, its mode left
 * alone.  A FIFO nobody reads fails at once (ENXIO) rather than hang the
 * program.  -2 for any other path (or one that turned into a regular file
 * since it was looked at); -1, errno set, if it cannot be opened. */
static int
open_special (const char *path)
{
  struct stat st;
  int fd = path_descriptor (path), flags;

  if (fd >= 0)
    return fcntl (fd, F_DUPFD_CLOEXEC, 3);
  if (lstat (path, &st) != 0 || !(S_ISCHR (st.st_mode) || S_ISFIFO (st.st_mode)))
    return -2;
  do
    fd = open (path, O_WRONLY | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    return -1;
  if (fstat (fd, &st) != 0 || S_ISREG (st.st_mode)
      || (flags = fcntl (fd, F_GETFL)) < 0 || fcntl (fd, F_SETFL, flags & ~O_NONBLOCK) < 0)
    {
      close (fd);
      return -2;
    }
  return fd;
}

MsOutput *
ms_output_open (const char *path, gint64 older, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  MsOutput *out;
  int saved, fd;

  fd = open_special (path);
  if (fd == -1)
    {
      saved = errno;
      if (saved == ENXIO)
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                     "cannot write report to '%s': no process has the FIFO open for reading", path);
      else
        write_error (error, path, saved);
      return NULL;
    }
  if (fd >= 0)
    {
      out = g_new0 (MsOutput, 1);
      out->path = g_strdup (path);
      out->fd = fd;
      out->held = g_byte_array_new ();
      return out;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot create folder '%s': %s", dir, g_strerror (saved));
      return NULL;
    }
  out = g_new0 (MsOutput, 1);
  out->path = g_strdup (path);
  out->older = older;
  out->tmp = g_strdup_printf ("%s.tmp.XXXXXX", path);
  out->fd = mkostemp (out->tmp, O_CLOEXEC);
  if (out->fd < 0)
    {
      write_error (error, path, errno);
      g_free (out->tmp);
      g_free (out->path);
      g_free (out);
      return NULL;
    }
  return out;
}

/* write_all to a pipe, a terminal or a device that may be another
 * program's: one whose reader is gone fails with EPIPE and no SIGPIPE: the
 * signal is blocked around it, and the one it raised taken back, so that
 * the program is not killed by its report (one already pending stays). */
static gboolean
write_all_nopipe (int fd, const char *data, gsize len)
{
  sigset_t pipe_only, old, pending;
  gboolean ok, was_pending;
  int saved;

  sigemptyset (&pipe_only);
  sigaddset (&pipe_only, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &pipe_only, &old);
  sigpending (&pending);
  was_pending = sigismember (&pending, SIGPIPE);
  ok = write_all (fd, data, len);
  saved = errno;
  if (!ok && saved == EPIPE && !was_pending)
    {
      static const struct timespec now = { 0, 0 };
      while (sigtimedwait (&pipe_only, NULL, &now) < 0 && errno == EINTR)
        ;
    }
  pthread_sigmask (SIG_SETMASK, &old, NULL);
  errno = saved;
  return ok;
}

/* A report written straight to the path is held until ms_output_close,
 * which runs when the registries are unlocked: a reader that is slow, or
 * stalls, holds up no other thread of the program. */
void
ms_output_append (MsOutput *out, const char *data, gsize len)
{
  if (out->saved != 0)
    return;
  if (out->held != NULL)
    {
      g_byte_array_append (out->held, (const guint8 *) data, (guint) len);
      return;
    }
  if (!write_all (out->fd, data, len))
    out->saved = errno;
}

/* Whether a file at @path was last written before @older: another
 * process's report. */
static gboolean
written_before (const char *path, gint64 older)
{
  struct stat st;

  return older != 0 && lstat (path, &st) == 0
         && (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000 < older;
}

/* @tmp renamed to @path, or where another process's report is there
 * (written_before), to PATH-2.json, -3, ..., whichever is free first;
 * *@path then names that one.  0, or the errno of what failed. */
static int
rename_report (const char *tmp, char **path, gint64 older)
{
  gboolean json = g_str_has_suffix (*path, ".json");
  g_autofree char *stem = NULL;

  if (!written_before (*path, older))
    return rename (tmp, *path) == 0 ? 0 : errno;
  stem = json ? g_strndup (*path, strlen (*path) - strlen (".json")) : g_strdup (*path);
  for (guint n = 2; n < 1000; n++)
    {
      char *next = g_strdup_printf ("%s-%u%s", stem, n, json ? ".json" : "");
      int saved = 0;

      /* A link fails where the name is taken; where links cannot be
       * made, the first name not taken now. */
      if (link (tmp, next) == 0)
        unlink (tmp);
      else if ((errno == EPERM || errno == EOPNOTSUPP) && !g_file_test (next, G_FILE_TEST_EXISTS))
        saved = rename (tmp, next) == 0 ? 0 : errno;
      else
        saved = errno == EPERM || errno == EOPNOTSUPP ? EEXIST : errno;
      if (saved == 0)
        {
          g_free (*path);
          *path = next;
          return 0;
        }
      g_free (next);
      if (saved != EEXIST)
        return saved;
    }
  return EEXIST;
}

gboolean
ms_output_close (MsOutput *out, char **written, GError **error)
{
  int saved = out->saved;
  gboolean ok = FALSE;

  if (out->held != NULL)
    {
      if (saved == 0 && !write_all_nopipe (out->fd, (const char *) out->held->data, out->held->len))
        saved = errno;
      g_byte_array_unref (out->held);
    }
  if (saved == 0 && out->tmp != NULL && fchmod (out->fd, 0600) != 0)
    saved = errno;
  if (close (out->fd) != 0 && saved == 0)
    saved = errno;
  if (saved == 0 && out->tmp != NULL)
    saved = rename_report (out->tmp, &out->path, out->older);
  if (saved != 0)
    {
      if (out->tmp != NULL)
        unlink (out->tmp);
      write_error (error, out->path, saved);
    }
  else
    ok = TRUE;
  if (written != NULL)
    *written = ok ? g_strdup (out->path) : NULL;
  g_free (out->tmp);
  g_free (out->path);
  g_free (out);
  return ok;
}
