/* Floating point through printf and libm-free arithmetic. */
#include <stdio.h>

static double harmonic(int n) {
    double sum = 0;
    for (int i = 1; i <= n; i++) {
        sum += 1.0 / i;
    }
    return sum;
}

static float area(float r) {
    return 3.14159265f * r * r;
}

int main(void) {
    printf("harmonic(10) = %.10f\n", harmonic(10));
    printf("area(2.5) = %.4f\n", (double) area(2.5f));
    printf("1e300 * 1e10 = %g\n", 1e300 * 1e10);
    printf("-0.0 = %g, 0.1 + 0.2 = %.17g\n", -0.0, 0.1 + 0.2);
    return 0;
}
