# A static program that writes through a NULL pointer: dom0's kernel
# logs "segfault at 0", the line the runner watches for.
set -e
cat >crash.c <<'C'
int main(void)
{
	*(volatile int *)0 = 1;
	return 0;
}
C
gcc -static -O0 -o crash crash.c
rm crash.c
