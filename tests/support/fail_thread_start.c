/* Preloaded (LD_PRELOAD) into the command-line tool by a test: every thread start fails as it
   does when a machine or a container has run out of threads (pthread_create returns EAGAIN).
   The tool must then say so on one line naming the input and exit 1, not abort. */
#include <errno.h>
#include <pthread.h>

int pthread_create(pthread_t* thread, const pthread_attr_t* attr, void* (*start)(void*), void* arg) {
  (void)thread;
  (void)attr;
  (void)start;
  (void)arg;
  return EAGAIN;
}
