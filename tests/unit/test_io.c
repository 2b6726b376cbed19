/* Tests for lib/io. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io.h"
#include "t.h"

void test_write_all(void);
void test_write_all_fails(void);

void test_write_all(void)
{
	char big[200000], back[200000];
	int fd[2];
	size_t got = 0;
	ssize_t n;
	pid_t pid;
	int status = -1;

	memset(big, 'x', sizeof big);
	big[sizeof big - 1] = 'y';
	if (!T_INTEQ(pipe(fd), 0))
		return;
	/* More than a pipe holds: the writer must go on after short
	 * writes while a child reads. */
	if ((pid = fork()) == 0) {
		close(fd[0]);
		_exit(pst_write_all(fd[1], big, sizeof big) == 0 ? 0 : 1);
	}
	close(fd[1]);
	while (got < sizeof back &&
	    (n = read(fd[0], back + got, sizeof back - got)) > 0)
		got += (size_t)n;
	close(fd[0]);
	T_INTEQ((long)got, (long)sizeof big);
	T_OK(memcmp(big, back, sizeof big) == 0);
	if (T_INTEQ(pid > 0, 1))
		T_INTEQ(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		    WEXITSTATUS(status) == 0, 1);
	T_INTEQ(pst_write_all(1, "", 0), 0);
}

void test_write_all_fails(void)
{
	int fd = open("/dev/full", O_WRONLY);

	if (fd < 0)
		return;	/* no /dev/full here */
	errno = 0;
	T_INTEQ(pst_write_all(fd, "abc", 3), -1);
	T_INTEQ(errno, ENOSPC);
	close(fd);
	T_INTEQ(pst_write_all(-1, "abc", 3), -1);
	T_INTEQ(errno, EBADF);
}
