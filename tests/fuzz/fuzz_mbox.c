/* fuzz_mbox: an mbox stream read through fmemopen and pst_mbox_next. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mbox.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pst_mbox mb;
	struct pst_buf msg = {0};
	size_t total = 0, count = 0, lines = 1;
	char *copy;
	FILE *fp;
	int rc;

	if (size == 0)
		return 0;
	copy = malloc(size);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	fp = fmemopen(copy, size, "r");
	if (fp == NULL) {
		free(copy);
		return 0;
	}
	pst_mbox_init(&mb, fp);
	while ((rc = pst_mbox_next(&mb, &msg)) == 1) {
		/* Separators and quoting only ever take bytes away. */
		total += msg.len;
		if (total > size || ++count > lines)
			abort();
		if (msg.len > 0 && (msg.p == NULL || msg.p[msg.len] != '\0'))
			abort();
	}
	if (rc != 0)
		abort();
	if (pst_mbox_next(&mb, &msg) != 0)
		abort();
	pst_mbox_free(&mb);
	pst_buf_free(&msg);
	fclose(fp);
	free(copy);
	return 0;
}
