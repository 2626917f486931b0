/*
 * tf_proto.h - the pure half of tpmfront (tpmfront/proto.c): putting a
 * command into the tpmif shared page and taking the response out.  No
 * kernel calls: host unit tests compile it.
 *
 * Trust: the page is shared with the backend, which may write anything
 * at any time; the response length is read once and checked, and the
 * response is copied out before anyone looks at it.
 */
#ifndef TPMFRONT_TF_PROTO_H
#define TPMFRONT_TF_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define TF_PAGE_SIZE 4096u
#define TF_HDR_SIZE  8u /* struct tpmif_shared_page, no extra pages */
#define TF_MAX_DATA  (TF_PAGE_SIZE - TF_HDR_SIZE)

/* enum tpmif_state */
#define TF_IDLE	  0
#define TF_SUBMIT 1
#define TF_FINISH 2
#define TF_CANCEL 3

/* The state byte, read once (acquire: what the backend wrote before it
 * is visible after). */
uint8_t tf_state(const volatile void *page);
/* Writes cmd (1..TF_MAX_DATA bytes, else -EINVAL), its length, locality
 * 0, no extra pages, then SUBMIT behind a release fence. */
int tf_write_command(volatile void *page, const uint8_t *cmd, size_t len);
/* Sets the state byte (CANCEL). */
void tf_set_state(volatile void *page, uint8_t state);
/*
 * After FINISH: copies the response to resp and its length to *rlen.
 * -EIO when the backend's length is 0 or runs past the page (a broken
 * backend); -ENOBUFS when it is longer than max (*rlen says how long,
 * nothing copied).
 */
int tf_read_response(const volatile void *page, uint8_t *resp, size_t max,
		     size_t *rlen);

#endif
