/* iris.h - the classic "save and load a pre-trained model" example: a three-class logistic
 * regression (softmax) on Fisher's iris measurements, in a small text model file. */
#ifndef TWITOFF_IRIS_H
#define TWITOFF_IRIS_H

#include <stddef.h>

#define IRIS_FEATURES 4
#define IRIS_CLASSES 3
#define IRIS_EXAMPLES 2

/* A trained model: standardisation, weights and the rows it is shown with. */
typedef struct {
    char classes[IRIS_CLASSES][32];                 /* class names */
    double mean[IRIS_FEATURES], scale[IRIS_FEATURES];/* x' = (x - mean) / scale */
    double w[IRIS_CLASSES][IRIS_FEATURES + 1];      /* bias, then one weight per feature */
    double example[IRIS_EXAMPLES][IRIS_FEATURES];   /* the first rows of the training data */
    int example_class[IRIS_EXAMPLES];               /* their true classes */
    double accuracy;                                /* training-set accuracy */
} IrisModel;

/* The iris data set: n rows of IRIS_FEATURES measurements and a class index. */
typedef struct {
    double (*x)[IRIS_FEATURES];
    int *y;
    int n;
    char classes[IRIS_CLASSES][32];
} IrisData;

/* Read scikit-learn's iris.csv layout (header "150,4,setosa,versicolor,virginica", then rows
 * "5.1,3.5,1.4,0.2,0"). 0, or -1 with the reason in err. */
int iris_data_load(const char *path, IrisData *d, char *err, size_t errlen);
void iris_data_free(IrisData *d);

/* Fit the model on d (standardised features, L2-regularised softmax by gradient descent). */
void iris_train(const IrisData *d, IrisModel *m);

/* Class probabilities of measurements x into p; returns the most likely class. */
int iris_predict(const IrisModel *m, const double x[IRIS_FEATURES], double p[IRIS_CLASSES]);

/* Save the model as text (atomically). 0, or -1 with the reason in err. */
int iris_save(const IrisModel *m, const char *path, char *err, size_t errlen);
/* Load a model file. 0, or -1 with the reason in err. */
int iris_load(const char *path, IrisModel *m, char *err, size_t errlen);

#endif
