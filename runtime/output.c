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

gboolean
ms_output_write (const char *path, const char *data, gsize len, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = NULL;
  int fd, saved;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot create folder '%s': %s", dir, g_strerror (saved));
      return FALSE;
    }
  tmp = g_strdup_printf ("%s.tmp.XXXXXX", path);
  fd = mkostemp (tmp, O_CLOEXEC);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot write report to '%s': %s", path, g_strerror (saved));
      return FALSE;
    }
  errno = 0;
  if (!write_all (fd, data, len) || fchmod (fd, 0600) != 0)
    {
      saved = errno ? errno : EIO;
      close (fd);
      unlink (tmp);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot write report to '%s': %s", path, g_strerror (saved));
      return FALSE;
    }
  if (close (fd) != 0)
    {
      saved = errno;
      unlink (tmp);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot write report to '%s': %s", path, g_strerror (saved));
      return FALSE;
    }
  if (rename (tmp, path) != 0)
    {
      saved = errno;
      unlink (tmp);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot write report to '%s': %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
