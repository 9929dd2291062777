/* output.c: report files, written whole.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"

char *
ms_output_expand (const char *pattern, const char *program, int pid, const char *base_dir)
{
  GString *s = g_string_new (NULL);
  const char *p;

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
      return abs;
    }
  return g_string_free (s, FALSE);
}

static gboolean
write_all (int fd, const char *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

struct MsOutput
{
  char *path;
  char *tmp;
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

MsOutput *
ms_output_open (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  MsOutput *out;
  int saved;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot create folder '%s': %s", dir, g_strerror (saved));
      return NULL;
    }
  out = g_new0 (MsOutput, 1);
  out->path = g_strdup (path);
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

void
ms_output_append (MsOutput *out, const char *data, gsize len)
{
  if (out->saved != 0)
    return;
  errno = 0;
  if (!write_all (out->fd, data, len))
    out->saved = errno ? errno : EIO;
}

gboolean
ms_output_close (MsOutput *out, GError **error)
{
  int saved = out->saved;
  gboolean ok = FALSE;

  if (saved == 0 && fchmod (out->fd, 0600) != 0)
    saved = errno;
  if (close (out->fd) != 0 && saved == 0)
    saved = errno;
  if (saved == 0 && rename (out->tmp, out->path) != 0)
    saved = errno;
  if (saved != 0)
    {
      unlink (out->tmp);
      write_error (error, out->path, saved);
    }
  else
    ok = TRUE;
  g_free (out->tmp);
  g_free (out->path);
  g_free (out);
  return ok;
}
